/**
 * The client side of {@code jdbc:tidal:remote:url=http://host:port}: a connection to a database
 * served by {@code ./tidal server} (Avatica over HTTP), made by the same driver jar. Entry point
 * {@link io.tidal.jdbc.remote.RemoteDriverSupport}, called by {@code TidalDriver.connect}.
 */
package io.tidal.jdbc.remote;
