package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;

/**
 * A name a stranger types when asking for a key for someone else's address, hoping the genuine
 * branded mail carries their words to that inbox; and the check that a mail holds none of them.
 */
final class PhishingName {

    static final String NAME = "Your store is suspended. Call +1-555-0100 or log in at https://evil.example/restore";
    private static final List<String> WORDS = List.of("suspended", "+1-555-0100", "evil.example");

    private PhishingName() {}

    /** None of the name's words in the raw mail, in any decoded header, nor in any decoded part. */
    static void assertAbsentFrom(MimeMessage mail) throws Exception {
        StringBuilder seen = new StringBuilder();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        seen.append(raw.toString(StandardCharsets.ISO_8859_1)).append('\n');
        for (Enumeration<Header> headers = mail.getAllHeaders(); headers.hasMoreElements(); ) {
            Header header = headers.nextElement();
            seen.append(header.getName())
                    .append(": ")
                    .append(MimeUtility.decodeText(MimeUtility.unfold(header.getValue())))
                    .append('\n');
        }
        appendParts(mail, seen);
        assertThat(seen.toString()).as("the words of the name").doesNotContain(WORDS);
        assertThat(seen.toString()).as("a mail with text parts was read").contains("Hello,");
    }

    private static void appendParts(Part part, StringBuilder seen) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                appendParts(child, seen);
            }
        } else {
            seen.append(content).append('\n');
        }
    }
}
