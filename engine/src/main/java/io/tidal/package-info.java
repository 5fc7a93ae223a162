/** tidal's engine facade: {@link io.tidal.TidalDB}, {@link io.tidal.Config} and the error model. */
package io.tidal;
