/** The file-system seam ({@link io.tidal.io.FileLayer}) through which the engine does all file I/O. */
package io.tidal.io;
