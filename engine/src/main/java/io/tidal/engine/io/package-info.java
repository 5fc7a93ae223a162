/** The file-system seam ({@link io.tidal.engine.io.FileLayer}) through which the engine does all file I/O. */
package io.tidal.engine.io;
