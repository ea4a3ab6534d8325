/**
 * The ops CLI ({@code java -jar loader.jar <command>}): its entry point, configuration and progress
 * reporting. Each command lives in its feature package: {@code importing}, {@code warm}, {@code verify}.
 */
package io.cligs.loader;
