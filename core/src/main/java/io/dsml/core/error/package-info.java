/** The one exception type for expected, user-caused failures (bad input, unknown names). */
package io.dsml.core.error;
