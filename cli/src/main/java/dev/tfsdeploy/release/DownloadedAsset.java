package dev.tfsdeploy.release;

import java.nio.file.Path;

/**
 * A release asset on disk, verified.
 *
 * @param verifiedAgainst where the expected digest came from ("GitHub's digest", "--sha256"), or
 *     null when there was nothing to verify against
 */
public record DownloadedAsset(Path path, long size, Sha256 sha256, String verifiedAgainst) {}
