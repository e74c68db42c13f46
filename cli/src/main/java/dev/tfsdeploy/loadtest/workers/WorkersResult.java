package dev.tfsdeploy.loadtest.workers;

import dev.tfsdeploy.loadtest.Measurement;
import dev.tfsdeploy.loadtest.WorkerResult;
import java.util.List;

/**
 * What an in-cluster run measured.
 *
 * @param measurement the workers' results merged exactly, with how well they kept the schedule
 * @param workers each worker's own result, by index
 */
public record WorkersResult(Measurement measurement, List<WorkerResult> workers) {}
