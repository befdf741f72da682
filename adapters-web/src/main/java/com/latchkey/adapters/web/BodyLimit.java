package com.latchkey.adapters.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The bound on a request's body, by path: {@value #API_BODY} bytes everywhere (SPEC §2), except
 * the leak reports of secret scanners, which may hold up to {@link LeakReportController#MAX_BODY}.
 * Micronaut's own {@code max-request-size} is one bound for every route, so it is set to the larger
 * and this handler, behind the HTTP codec and before any of Micronaut's, keeps the smaller for the
 * rest: a body declared too large is answered 413 before Micronaut sees the request, its body
 * dropped as it comes (up to {@link #DRAINED}, so the client can read the answer) and the
 * connection closed; a chunked body that runs past the bound closes the
 * connection; a compressed body is refused 415 (Micronaut would unpack it behind this count). One connection's requests come one at a time, so its state needs no locking.
 */
final class BodyLimit extends ChannelInboundHandlerAdapter {

    static final int API_BODY = 16 * 1024;
    static final String LEAKS_PATH = "/api/v1/leaks";

    /**
     * How much of a refused request's body is read and dropped before the connection is closed: a
     * client still sending when the connection closes gets a reset instead of the answer, so a body
     * up to this size is taken in full first; past it the client has only itself to blame.
     */
    static final long DRAINED = 4L * 1024 * 1024;

    private long remaining = Long.MAX_VALUE;
    private boolean refused;
    private long drainable;
    private ChannelFuture refusalWritten;

    static long limitFor(String uri) {
        return new QueryStringDecoder(uri).path().equals(LEAKS_PATH) ? LeakReportController.MAX_BODY : API_BODY;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            long limit = limitFor(request.uri());
            FullHttpResponse refusal = refusal(request, limit);
            refused = refusal != null;
            if (refused) {
                refusalWritten = ctx.writeAndFlush(refusal);
                drainable = DRAINED;
                // not "else": a request read in one piece is its head and its last content at once
                drain(ctx, msg);
                return;
            }
            remaining = limit;
        }
        if (msg instanceof HttpContent content) {
            if (refused) {
                drain(ctx, msg);
                return;
            }
            remaining -= content.content().readableBytes();
            if (remaining < 0) {
                ReferenceCountUtil.release(msg);
                refused = true;
                ctx.close();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Drops a refused request's content; closes the connection at its end, or once too much came. */
    private void drain(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent content) {
            drainable -= content.content().readableBytes();
        }
        boolean ended = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if ((ended || drainable < 0) && refusalWritten != null) {
            refusalWritten.addListener(ChannelFutureListener.CLOSE);
            refusalWritten = null;
        }
    }

    /**
     * Why this request is refused before Micronaut sees it, or null: a body declared larger than the
     * bound; a compressed body (Micronaut would unpack it past every bound this handler counts: the
     * API takes plain JSON only); a Content-Length that is not a number.
     */
    private static FullHttpResponse refusal(HttpRequest request, long limit) {
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.strip().equalsIgnoreCase("identity")) {
            return problem(
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Send the body as application/json, not compressed.",
                    "UNSUPPORTED_MEDIA_TYPE");
        }
        long declared;
        try {
            declared = HttpUtil.getContentLength(request, -1L);
        } catch (NumberFormatException malformed) {
            return problem(
                    HttpResponseStatus.BAD_REQUEST,
                    "malformed-request",
                    "The request's Content-Length is not a number.",
                    "MALFORMED_REQUEST");
        }
        if (declared <= limit) {
            return null;
        }
        String size = limit >= 1024 * 1024 ? (limit / (1024 * 1024)) + " MiB" : (limit / 1024) + " KiB";
        return problem(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "payload-too-large",
                "The request body is larger than " + size + ".",
                "PAYLOAD_TOO_LARGE");
    }

    /** A problem answer of fixed words (no JSON library here: nothing in it comes from the request). */
    private static FullHttpResponse problem(HttpResponseStatus status, String type, String detail, String code) {
        byte[] body = ("{\"type\":\"https://latchkey.dev/problems/" + type + "\",\"title\":\""
                        + status.reasonPhrase() + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail
                        + "\",\"code\":\"" + code + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, Problem.APPLICATION_PROBLEM_JSON.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
