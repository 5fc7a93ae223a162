/** JMH benchmarks of the storage engine ({@code io.tidal.engine.storage}); results in docs/benchmarks/storage.md. */
package io.tidal.bench.storage;
