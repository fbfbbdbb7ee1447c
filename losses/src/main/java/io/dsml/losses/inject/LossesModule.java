package io.dsml.losses.inject;

import com.google.inject.AbstractModule;
import io.dsml.core.inject.CoreModule;
import io.dsml.losses.center.CenterLossFactory;
import io.dsml.losses.cosine.ArcFaceLossFactory;
import io.dsml.losses.cosine.CosFaceLossFactory;
import io.dsml.losses.cosine.NormalizedSoftmaxLossFactory;
import io.dsml.losses.pair.ContrastiveLossFactory;
import io.dsml.losses.pair.LiftedStructureLossFactory;
import io.dsml.losses.pair.MultiSimilarityLossFactory;
import io.dsml.losses.pair.NPairLossFactory;
import io.dsml.losses.pair.TripletLossFactory;
import io.dsml.losses.proxy.ProxyAnchorLossFactory;
import io.dsml.losses.proxy.ProxyNcaLossFactory;
import io.dsml.losses.softmax.SoftmaxLossFactory;
import io.dsml.losses.vmf.VmfLossFactory;
import io.dsml.losses.vmfscott.VmfScottLossFactory;

/** Registers the built-in losses by name: one line per loss. */
public final class LossesModule extends AbstractModule {
    @Override
    protected void configure() {
        CoreModule.registerLoss(binder(), new VmfLossFactory());
        CoreModule.registerLoss(binder(), new SoftmaxLossFactory());
        CoreModule.registerLoss(binder(), new NormalizedSoftmaxLossFactory());
        CoreModule.registerLoss(binder(), new ArcFaceLossFactory());
        CoreModule.registerLoss(binder(), new CosFaceLossFactory());
        CoreModule.registerLoss(binder(), new ContrastiveLossFactory());
        CoreModule.registerLoss(binder(), new TripletLossFactory());
        CoreModule.registerLoss(binder(), new NPairLossFactory());
        CoreModule.registerLoss(binder(), new LiftedStructureLossFactory());
        CoreModule.registerLoss(binder(), new ProxyNcaLossFactory());
        CoreModule.registerLoss(binder(), new ProxyAnchorLossFactory());
        CoreModule.registerLoss(binder(), new MultiSimilarityLossFactory());
        CoreModule.registerLoss(binder(), new CenterLossFactory());
        CoreModule.registerLoss(binder(), new VmfScottLossFactory());
    }
}
