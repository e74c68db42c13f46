package dev.tfsdeploy.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A model extracted and validated: {@code modelDir} is what TF Serving's {@code --model_base_path}
 * points at.
 *
 * @param modelDir {@code outDir/modelName}
 * @param versions the versions this archive brought, validated, in ascending order
 * @param entries entries read from the archive
 * @param bytes bytes written
 */
public record ExtractedModel(
    Path modelDir, List<ValidatedVersion> versions, long entries, long bytes) {}
