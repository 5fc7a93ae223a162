/** Schema primitives: entity ids, entity tables, signal types and the validated {@link io.tidal.schema.Schema}. */
package io.tidal.schema;
