package dev.tfsdeploy.image;

import java.nio.file.Path;

/**
 * A file the image adds to a version beyond the model directory's own (a generated warmup file), in
 * that version's layer, so the model digest covers it.
 *
 * @param version the version directory's name, as in the model directory
 * @param path where it goes, relative to the version, with '/' separators
 * @param source the file to copy
 */
public record AddedFile(String version, String path, Path source) {}
