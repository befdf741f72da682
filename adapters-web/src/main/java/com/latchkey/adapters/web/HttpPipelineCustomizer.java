package com.latchkey.adapters.web;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/**
 * Latchkey's own handlers in each HTTP/1 connection's Netty pipeline, right behind Micronaut's HTTP
 * codec, where they see every answer, including those Micronaut makes before any route or filter.
 */
@Singleton
class HttpPipelineCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new Server());
        return registry;
    }

    private static final class Server implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Connection(channel) : this;
        }
    }

    private record Connection(Channel channel) implements NettyServerCustomizer {

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            // Only HTTP/1 is served (TLS ends at the balancer); an HTTP/2 pipeline has no such codec.
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null) {
                return;
            }
            pipeline.addAfter(
                    ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                    "latchkey-security-headers",
                    SecurityHeadersHandler.INSTANCE);
        }
    }
}
