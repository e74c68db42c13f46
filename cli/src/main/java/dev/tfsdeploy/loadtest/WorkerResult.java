package dev.tfsdeploy.loadtest;

/**
 * What one load worker measured.
 *
 * @param name names the worker in reports and errors: its result file, or its index in a Job
 * @param result its result, with the histograms that let results merge exactly
 */
public record WorkerResult(String name, LoadResult result) {}
