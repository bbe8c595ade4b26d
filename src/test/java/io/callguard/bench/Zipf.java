package io.callguard.bench;

import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks (exponent 1) over {@code [0, n)}: rank 0 is the most frequent caller. Uses the continuous
 * approximation of the inverse CDF, {@code rank = n^u - 1}, which is exact enough for cache and lookup benchmarks.
 */
final class Zipf {

    private final double logN;
    private final SplittableRandom random;

    Zipf(long n, long seed) {
        this.logN = Math.log(n);
        this.random = new SplittableRandom(seed);
    }

    long next() {
        return (long) Math.floor(Math.exp(random.nextDouble() * logN)) - 1;
    }
}
