package com.latchkey.adapters.web;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;

/**
 * The usual security headers, HSTS and a strict Content-Security-Policy on every answer: pages may
 * load scripts, styles and images from this origin only (no inline code); anything else may load
 * nothing. Set in the connection's pipeline as the answer leaves, not in a filter, because Micronaut
 * answers some requests without running any filter: a request head too large (431, 414) or
 * malformed (400), a cross-origin refusal (403) from its CORS filter. Every answer passes here.
 */
@ChannelHandler.Sharable
final class SecurityHeadersHandler extends ChannelOutboundHandlerAdapter {

    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    /** A year, subdomains included; browsers heed it only over HTTPS (RFC 6797), where TLS ends at the balancer. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    static final SecurityHeadersHandler INSTANCE = new SecurityHeadersHandler();

    private static final AsciiString TEXT_HTML = AsciiString.cached("text/html");

    private SecurityHeadersHandler() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        // A 100 Continue is no answer yet: the final one follows and gets the headers.
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            secure(response.headers());
        }
        ctx.write(msg, promise);
    }

    private static void secure(HttpHeaders headers) {
        String contentType = headers.get("Content-Type");
        CharSequence type = contentType == null ? null : HttpUtil.getMimeType(contentType);
        boolean page = type != null && TEXT_HTML.contentEqualsIgnoreCase(type);
        headers.set("Content-Security-Policy", page ? PAGE_POLICY : API_POLICY);
        headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
    }
}
