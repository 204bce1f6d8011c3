package dev.edgesync.edge.read;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops the interim (1xx) responses the Vert.x HTTP client does not understand ({@code 102 Processing}, WebDAV and
 * unregistered 1xx) before they reach it: it would take them for the final response, and the fill would never end.
 * {@code 100} and {@code 103} pass (Vert.x handles them), {@code 101} too (a protocol switch is final). RFC 9110
 * §15.2: a client must be able to parse and ignore any 1xx before the final response. One per connection.
 */
final class UnknownInterimFilter extends ChannelInboundHandlerAdapter {
    /** Netty's handler name for Vert.x' own handler, after the codec. */
    private static final String VERTX_HANDLER = "handler";

    private boolean dropping;

    /** For {@code HttpClientBuilder.withConnectHandler}: adds the filter to an HTTP/1 origin connection. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base
                && base.channel().pipeline().get(VERTX_HANDLER) != null
                && base.channel().pipeline().get(UnknownInterimFilter.class) == null) {
            base.channel().pipeline().addBefore(VERTX_HANDLER, "edgesync-interim", new UnknownInterimFilter());
        }
    }

    static boolean unknownInterim(int status) {
        return status >= 100 && status < 200 && status != 100 && status != 101 && status != 103;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response && unknownInterim(response.status().code())) {
            // the decoder gives an interim response as its head plus an empty last content
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (dropping && msg instanceof io.netty.handler.codec.http.HttpContent) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
