package dev.clickstream.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files and folders of the local stack that other users of the machine must not read or write. */
final class OwnerOnly {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates the folder (and its parents) readable by the owner only, or makes an existing one so. */
    static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (dir.toAbsolutePath().getParent() != null) Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, attribute(DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: fixed below
            }
        }
        setIfPosix(dir, DIRECTORY);
        return dir;
    }

    /** Writes the text to a file that is created owner-only, so it is never readable by others, not even for a moment. */
    static void write(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, attribute(FILE));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Makes an existing file owner-only; returns whether it was readable by others before. */
    static boolean restrict(Path file) throws IOException {
        if (!posix(file)) return false;
        boolean wasOpen = !Files.getPosixFilePermissions(file).equals(FILE);
        Files.setPosixFilePermissions(file, FILE);
        return wasOpen;
    }

    private static void setIfPosix(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) Files.setPosixFilePermissions(path, permissions);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
