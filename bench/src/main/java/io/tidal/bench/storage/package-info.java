/** JMH benchmarks of the storage engine ({@code io.tidal.storage}); results in docs/benchmarks/storage.md. */
package io.tidal.bench.storage;
