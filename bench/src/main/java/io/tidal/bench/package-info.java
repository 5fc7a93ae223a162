/** Placeholder until its issue lands. */
package io.tidal.bench;
