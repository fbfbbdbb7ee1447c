package io.dsml.losses.vmfscott;

/**
 * The random parts of S samples from vMF(mu_i, kappa_i) for each of B embeddings, apart from the
 * mean and concentration they are turned into samples with: Wood's accepted Beta draws and the
 * unit directions orthogonal to the mean. Given these, a sample is a differentiable function of
 * mu and kappa (the loss's reparameterisation), so fixing them fixes the samples for a
 * finite-difference check.
 *
 * @param beta accepted Beta draws, [B, S] row-major
 * @param directions unit vectors in R^{d-1}, [B, S, d-1] row-major
 */
public record SampleNoise(float[] beta, float[] directions) {
    /** Where the noise of each training batch comes from. */
    @FunctionalInterface
    public interface Source {
        /**
         * @param kappas the batch's concentrations (detached), one per embedding
         * @param samples samples per embedding
         * @param dim embedding dimension d
         */
        SampleNoise draw(float[] kappas, int samples, int dim);
    }

    /**
     * Seeded noise: batch k of a run draws from a generator seeded by (seed, k), so a resumed run
     * that restores k draws exactly what an uninterrupted one would.
     */
    public static final class Seeded implements Source {
        private final long seed;
        private long batches;

        public Seeded(long seed) {
            this.seed = seed;
        }

        @Override
        public SampleNoise draw(float[] kappas, int samples, int dim) {
            VmfSampler sampler = new VmfSampler(seed * 0x9E3779B97F4A7C15L + batches++);
            float[] beta = new float[kappas.length * samples];
            float[] directions = new float[kappas.length * samples * (dim - 1)];
            for (int i = 0; i < kappas.length; i++) {
                for (int s = 0; s < samples; s++) {
                    int k = i * samples + s;
                    beta[k] = (float) sampler.acceptedBeta(kappas[i], dim);
                    sampler.unitVector(directions, k * (dim - 1), dim - 1);
                }
            }
            return new SampleNoise(beta, directions);
        }

        /** Training batches drawn so far (checkpointed). */
        public long batches() {
            return batches;
        }

        /** Restores the batch count from a checkpoint. */
        public void batches(long drawn) {
            this.batches = drawn;
        }
    }
}
