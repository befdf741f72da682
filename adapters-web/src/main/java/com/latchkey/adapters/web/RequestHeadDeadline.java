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
 * One connection's bound on the whole time a request head (request line and header fields) may take
 * to arrive: from the connection's start, and on a kept-alive connection from the first byte of
 * each later request. A head that is late closes the connection without an answer. Micronaut's idle
 * timeouts restart at every byte, so a client trickling one header line every few seconds held a
 * connection for as long as it liked, and enough such clients would hold every connection.
 *
 * <p>A kept-alive connection with no request under way is left to {@code micronaut.server.idle-timeout}:
 * a load balancer keeps such connections open and must be the one to close them.
 *
 * <p>Two handlers share the state: {@link #bytes()} before the HTTP codec sees a request begin,
 * {@link #heads()} behind it sees its head complete and its answer end. Both run on the
 * connection's event loop, so the state needs no locking.
 */
final class RequestHeadDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);

    private final Duration bound;
    private ScheduledFuture<?> deadline;
    /** Requests whose head arrived and whose answer is not yet written in full (more than one if pipelined). */
    private int openExchanges;

    RequestHeadDeadline(Duration bound) {
        this.bound = bound;
    }

    /** Goes before the HTTP codec: starts the clock when a connection opens and when a new request begins. */
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
                // body answered early, which a new request must then follow within the bound).
                if (openExchanges == 0 && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    arm(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                disarm();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Goes behind the HTTP codec: stops the clock when a head is read, counts answers written. */
    ChannelHandler heads() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    disarm();
                    openExchanges++;
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
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> late(ctx), bound.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void late(ChannelHandlerContext ctx) {
        deadline = null;
        LOG.debug("closing a connection whose request head did not arrive within {}", bound);
        ctx.channel().close();
    }
}
