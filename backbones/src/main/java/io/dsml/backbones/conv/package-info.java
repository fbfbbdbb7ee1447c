/** The paper's small CNN backbones, conv-1 to conv-4. */
package io.dsml.backbones.conv;
