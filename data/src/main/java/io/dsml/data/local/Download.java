package io.dsml.data.local;

import java.util.Objects;

/**
 * One file of a dataset's official distribution that can be downloaded.
 *
 * @param url where it is published
 * @param fileName the name to save it under
 * @param md5 its published MD5, lower-case hex
 * @param extract whether it is a .tar.gz/.tgz or .zip archive to unpack after verification
 */
public record Download(String url, String fileName, String md5, boolean extract) {
    public Download {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(md5, "md5");
    }
}
