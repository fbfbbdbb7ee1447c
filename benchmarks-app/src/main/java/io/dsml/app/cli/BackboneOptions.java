package io.dsml.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --arch NAME [--set KEY=VALUE...]}: the backbone a {@code dsml backbones} tool builds. */
final class BackboneOptions {
    @Option(names = "--arch", required = true, paramLabel = "NAME", description = "The backbone, e.g. resnet50.")
    String arch;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A hyperparameter of the backbone, e.g. input_transform=caffe-bgr or transform_input=false"
                    + " (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();
}
