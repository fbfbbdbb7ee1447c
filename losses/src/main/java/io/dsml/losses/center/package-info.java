/** Center loss with its softmax; class centers follow Wen et al.'s per-batch update rule. */
package io.dsml.losses.center;
