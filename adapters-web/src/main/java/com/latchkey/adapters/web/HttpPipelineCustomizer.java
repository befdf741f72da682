package com.latchkey.adapters.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpVersion;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.HttpServerConfiguration;
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
 * ({@code LATCHKEY_REQUEST_READ_TIMEOUT}). Built as the server starts, so a malformed setting, or a
 * server configured for HTTP/2, stops the start.
 */
@Singleton
class HttpPipelineCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final Duration headerReadTimeout;
    private final Duration requestReadTimeout;

    HttpPipelineCustomizer(
            @Property(name = "latchkey.header-read-timeout", defaultValue = "PT10S") String headerReadTimeout,
            @Property(name = "latchkey.request-read-timeout", defaultValue = "PT30S") String requestReadTimeout,
            HttpServerConfiguration server) {
        // These handlers live in the HTTP/1 pipeline only: over HTTP/2 every answer would lack the
        // security headers and no request would be bounded, without a word.
        if (server.getHttpVersion() == HttpVersion.HTTP_2_0) {
            throw new ConfigurationException("MICRONAUT_SERVER_HTTP_VERSION must be 1.1, not 2.0: Latchkey serves"
                    + " HTTP/1.1 only (TLS and HTTP/2 end at the load balancer)");
        }
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
            // The constructor refused HTTP/2, so the codec is there; should it not be, stay out of the way.
            if (pipeline.get(codec) == null) {
                return;
            }
            RequestReadDeadline deadline = new RequestReadDeadline(headerReadTimeout, requestReadTimeout);
            pipeline.addBefore(codec, "latchkey-request-start", deadline.bytes());
            // Added first, so it ends up last of the three: its 413 answers pass the other two on their way out.
            pipeline.addAfter(codec, "latchkey-body-limit", new BodyLimit());
            pipeline.addAfter(codec, "latchkey-request-read", deadline.messages());
            pipeline.addAfter(codec, "latchkey-security-headers", SecurityHeadersHandler.INSTANCE);
        }
    }
}
