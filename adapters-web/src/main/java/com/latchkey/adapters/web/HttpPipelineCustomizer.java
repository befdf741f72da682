package com.latchkey.adapters.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Latchkey's own handlers in each HTTP/1 connection's Netty pipeline, around Micronaut's HTTP codec,
 * where they see every request as it arrives and every answer as it leaves, including those
 * Micronaut makes before any route or filter: the security headers, and the bounds on reading a
 * request's head ({@code LATCHKEY_HEADER_READ_TIMEOUT}) and the whole request, body included
 * ({@code LATCHKEY_REQUEST_READ_TIMEOUT}). Built as the server starts, so a malformed setting stops
 * the start.
 */
@Singleton
class HttpPipelineCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final Duration headerReadTimeout;
    private final Duration requestReadTimeout;

    HttpPipelineCustomizer(
            @Property(name = "latchkey.header-read-timeout", defaultValue = "PT10S") String headerReadTimeout,
            @Property(name = "latchkey.request-read-timeout", defaultValue = "PT30S") String requestReadTimeout) {
        this.headerReadTimeout = positive("LATCHKEY_HEADER_READ_TIMEOUT", "PT10S", headerReadTimeout);
        this.requestReadTimeout = positive("LATCHKEY_REQUEST_READ_TIMEOUT", "PT30S", requestReadTimeout);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new Server());
        return registry;
    }

    private static Duration positive(String variable, String example, String setting) {
        try {
            Duration duration = Duration.parse(setting.strip());
            if (duration.isNegative() || duration.isZero()) {
                throw new DateTimeParseException("not positive", setting, 0);
            }
            return duration;
        } catch (DateTimeParseException malformed) {
            throw new ConfigurationException(
                    variable + " must be a positive ISO-8601 duration such as " + example + ", not '" + setting + "'");
        }
    }

    private final class Server implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Connection(channel) : this;
        }
    }

    private final class Connection implements NettyServerCustomizer {

        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            String codec = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;
            // Only HTTP/1 is served (TLS ends at the balancer); an HTTP/2 pipeline has no such codec.
            if (pipeline.get(codec) == null) {
                return;
            }
            RequestReadDeadline deadline = new RequestReadDeadline(headerReadTimeout, requestReadTimeout);
            pipeline.addBefore(codec, "latchkey-request-start", deadline.bytes());
            pipeline.addAfter(codec, "latchkey-request-read", deadline.messages());
            pipeline.addAfter(codec, "latchkey-security-headers", SecurityHeadersHandler.INSTANCE);
        }
    }
}
