package io.dsml.data.fetch;

import io.dsml.core.error.DsmlException;
import io.dsml.data.local.Download;
import io.dsml.data.local.LocalDataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Fetches a dataset's official files into a folder: download, verify, unpack. */
public final class Fetcher {
    private Fetcher() {}

    /**
     * @param dir where to put the files
     * @param log where progress and steps are printed
     * @return the downloaded (and verified) files
     * @throws DsmlException when the dataset has no public download, or a download fails or does
     *     not match its published checksum
     */
    public static List<Path> fetch(LocalDataset dataset, Path dir, PrintStream log) {
        List<Download> downloads = dataset.downloads();
        if (downloads.isEmpty()) {
            throw new DsmlException(dataset.name() + ": no public download dsml can verify. " + dataset.howToGet());
        }
        List<Path> files = new java.util.ArrayList<>();
        for (Download download : downloads) {
            log.println("fetching " + download.url());
            Path file = Downloader.fetch(download, dir, new Progress(log, download.fileName()));
            log.println("verified " + file + " (MD5 " + download.md5() + ")");
            if (download.extract()) {
                Archives.extract(file, dir);
                log.println("unpacked into " + dir);
            }
            files.add(file);
        }
        return files;
    }
}
