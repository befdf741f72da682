package com.latchkey.adapters.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's bounds on reading a request: its head (request line and header fields) must
 * arrive within one bound, and the whole request, body included up to its last byte, within
 * another. Both count from the connection's start, and on a kept-alive connection from the first
 * byte of each later request. A late request closes the connection without an answer. Micronaut's
 * idle timeouts restart at every byte, so a client trickling one header line every few seconds, or
 * a complete head and then one body byte a minute (after a {@code 100 Continue} or without),
 * held a connection for as long as it liked, and enough such clients would hold every connection.
 *
 * <p>A kept-alive connection with no request under way is left to {@code micronaut.server.idle-timeout}:
 * a load balancer keeps such connections open and must be the one to close them.
 *
 * <p>Two handlers share the state: {@link #bytes()} before the HTTP codec sees a request begin,
 * {@link #messages()} behind it sees its head and its last content arrive and its answer end. Both
 * run on the connection's event loop, so the state needs no locking.
 */
final class RequestReadDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestReadDeadline.class);

    private final Clock head;
    private final Clock whole;
    /** Requests whose head arrived and whose answer is not yet written in full (more than one if pipelined). */
    private int openExchanges;

    RequestReadDeadline(Duration headBound, Duration requestBound) {
        this.head = new Clock(headBound, "request head");
        this.whole = new Clock(requestBound, "request (head and body)");
    }

    /** Goes before the HTTP codec: starts the clocks when a connection opens and when a new request begins. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive()) {
                    arm(ctx);
                }
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                arm(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // Bytes after every answer is complete start a new request (or are the rest of a
                // body answered early, which must end, and a new request follow, within the bounds).
                if (openExchanges == 0 && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    arm(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                head.disarm();
                whole.disarm();
                ctx.fireChannelInactive();
            }
        };
    }

    /**
     * Goes behind the HTTP codec: stops the head's clock when a head is read and the whole
     * request's when its last content is (a request without a body has an empty one), counts
     * answers written.
     */
    ChannelHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    head.disarm();
                    openExchanges++;
                }
                // not "else": a request read in one piece is its head and its last content at once
                if (msg instanceof LastHttpContent) {
                    whole.disarm();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                // A 100 Continue ends no exchange: the request's body and its real answer follow.
                boolean interim = msg instanceof HttpResponse response
                        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (!interim && msg instanceof LastHttpContent && openExchanges > 0) {
                    openExchanges--;
                }
                ctx.write(msg, promise);
            }
        };
    }

    private void arm(ChannelHandlerContext ctx) {
        head.arm(ctx);
        whole.arm(ctx);
    }

    /** One bound, armed at most once at a time. */
    private static final class Clock {

        private final Duration bound;
        private final String what;
        private ScheduledFuture<?> deadline;

        Clock(Duration bound, String what) {
            this.bound = bound;
            this.what = what;
        }

        void arm(ChannelHandlerContext ctx) {
            if (deadline == null) {
                deadline = ctx.executor().schedule(() -> late(ctx), bound.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        private void late(ChannelHandlerContext ctx) {
            deadline = null;
            LOG.debug("closing a connection whose {} did not arrive within {}", what, bound);
            ctx.channel().close();
        }
    }
}
