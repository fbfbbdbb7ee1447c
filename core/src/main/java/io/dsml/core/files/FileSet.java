package io.dsml.core.files;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files that belong together (embeddings, their labels, their names, their manifest) replaced
 * together or not at all. Every member is first written in full to its temporary file ({@link
 * AtomicFile#temporaryOf}) and forced to the disk; only when all are written are they renamed
 * into place, so a failure while writing (a full disk) removes every temporary file and leaves the
 * previous set as it was. The last member (the manifest that vouches for the others) is removed
 * before the others are renamed and renamed last, so that a set with its last member present is
 * complete, even after a kill between the renames.
 */
public final class FileSet {
    /**
     * One file of the set.
     *
     * @param file where it goes
     * @param what how to name it in a message, e.g. "embeddings"
     * @param content its content
     */
    public record Member(Path file, String what, AtomicFile.Content content) {}

    private FileSet() {}

    private static void createFolderOf(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException(e.getFile() + " is a file, not a folder", e);
        }
    }

    /**
     * Writes every member, then renames them into place, the last one last.
     *
     * @throws DsmlException naming the member that could not be written; nothing was replaced
     */
    public static void write(List<Member> members) {
        List<Path> written = new ArrayList<>();
        for (Member member : members) {
            Path tmp = AtomicFile.temporaryOf(member.file());
            try {
                createFolderOf(member.file());
                written.add(tmp);
                AtomicFile.writeForced(tmp, member.content());
            } catch (IOException e) {
                written.forEach(AtomicFile::deleteQuietly);
                throw new DsmlException(
                        member.file() + ": cannot write the " + member.what() + ": " + IoFailure.reason(e)
                                + " (no file of the set was replaced)",
                        e);
            }
        }
        Member last = members.get(members.size() - 1);
        try {
            Files.deleteIfExists(last.file());
            for (int i = 0; i < members.size(); i++) {
                AtomicFile.moveInto(written.get(i), members.get(i).file());
            }
        } catch (IOException e) {
            written.forEach(AtomicFile::deleteQuietly);
            throw new DsmlException(
                    last.file() + ": cannot put the " + last.what() + " and its files in place: " + IoFailure.reason(e),
                    e);
        }
    }
}
