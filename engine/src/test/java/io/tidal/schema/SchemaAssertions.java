package io.tidal.schema;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidal.ErrorCode;
import io.tidal.TidalException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Expects a {@link TidalException} with a code and a message naming each offending value. */
final class SchemaAssertions {
  private SchemaAssertions() {}

  static void fails(ThrowingCallable call, ErrorCode code, String... named) {
    assertThatThrownBy(call)
        .isInstanceOf(TidalException.class)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(((TidalException) e).code())
                    .as("code of: %s", e.getMessage())
                    .isEqualTo(code))
        .hasMessageContainingAll(named);
  }
}
