/**
 * Benchmark entry points for the evaluation module (not tests: nothing here asserts timings).
 * {@link io.dsml.evaluation.bench.EvaluationBenchmark} times a full evaluation on generated
 * clustered data; {@code benchmarks/evaluation/faiss_compare.py} compares its exact search with
 * faiss on the same data.
 */
package io.dsml.evaluation.bench;
