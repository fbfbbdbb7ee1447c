package io.dsml.backbones.inject;

import com.google.inject.AbstractModule;
import io.dsml.backbones.conv.SmallConvNetFactory;
import io.dsml.backbones.inception.BnInceptionFactory;
import io.dsml.backbones.inception.GoogLeNetFactory;
import io.dsml.backbones.inception.GoogLeNetTorchvisionFactory;
import io.dsml.backbones.resnet.ResNetFactory;
import io.dsml.core.inject.CoreModule;

/**
 * Registers the built-in backbones by name: {@code conv-1}..{@code conv-4}, {@code resnet18},
 * {@code resnet34}, {@code resnet50}, {@code googlenet}, {@code googlenet-torchvision} and {@code bn-inception}.
 */
public final class BackbonesModule extends AbstractModule {
    @Override
    protected void configure() {
        for (int depth = 1; depth <= 4; depth++) {
            CoreModule.registerBackbone(binder(), new SmallConvNetFactory(depth));
        }
        for (int depth : new int[] {18, 34, 50}) {
            CoreModule.registerBackbone(binder(), new ResNetFactory(depth));
        }
        CoreModule.registerBackbone(binder(), new GoogLeNetFactory());
        CoreModule.registerBackbone(binder(), new GoogLeNetTorchvisionFactory());
        CoreModule.registerBackbone(binder(), new BnInceptionFactory());
    }
}
