package dev.stratus.ai.gateway;

import dev.stratus.extension.api.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A gateway response as its client gets it: the streamed body written, or what answered instead of it. */
final class GatewayCalls {
    private GatewayCalls() {
    }

    static HttpResponse answered(HttpResponse response) throws IOException {
        if (response.writer() == null) {
            return response;
        }
        Body body = new Body();
        response.writer().write(body);
        return body.instead != null ? body.instead
                : new HttpResponse(response.status(), response.contentType(), body.bytes.toByteArray());
    }

    /** A streamed body as the host's is: until something is written, a whole response may answer instead. */
    private static final class Body extends OutputStream implements HttpResponse.Unsent {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HttpResponse instead;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (instead != null) {
                throw new IOException("the response has ended");
            }
            bytes.write(b, off, len);
        }

        @Override
        public boolean answerInstead(HttpResponse response) {
            if (response.writer() != null) {
                throw new IllegalArgumentException("a response answered instead of a streamed one has its body in memory");
            }
            if (instead != null || bytes.size() > 0) {
                return false;
            }
            instead = response;
            return true;
        }
    }
}
