package io.cligs.core.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root for tests that read its files (READMEs, other modules' sources). Tests run
 * with their module's directory as the working directory, so this walks up from there to the
 * first directory holding both {@code .ci/} and {@code pom.xml}: no Maven property is needed, and
 * the same works from an IDE.
 */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with .ci/ and pom.xml above " + Path.of("").toAbsolutePath());
    }
}
