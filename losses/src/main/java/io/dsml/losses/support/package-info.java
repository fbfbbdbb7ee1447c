/** Helpers shared by the losses: parameter borrowing into batch scopes, cross-entropy. */
package io.dsml.losses.support;
