package dev.katka.connector.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.connector.api.KatkaException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    public static class Message {
        public String author;
        public String text;
    }

    @Test
    void bytesPassAsTheyAreAndTextIsUtf8() {
        byte[] bytes = {0, -1, 42};
        assertThat(Payloads.toBytes(bytes, "value")).isSameAs(bytes);
        assertThat(Payloads.toBytes("grüß", "key")).isEqualTo("grüß".getBytes(StandardCharsets.UTF_8));
        assertThat(Payloads.toText("grüß".getBytes(StandardCharsets.UTF_8))).isEqualTo("grüß");
        assertThat(Payloads.toBytes(null, "value")).isNull();
        assertThat(Payloads.toText(null)).isNull();
    }

    @Test
    void otherObjectsTravelAsJson() {
        Message message = new Message();
        message.author = "ada";
        message.text = "hello";
        byte[] json = Payloads.toBytes(message, "value");
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"author\":\"ada\",\"text\":\"hello\"}");

        Message read = Payloads.fromJson(json, Message.class);
        assertThat(read.author).isEqualTo("ada");
        assertThat(read.text).isEqualTo("hello");
        assertThat(Payloads.fromJson(null, Message.class)).isNull();
    }

    @Test
    void bytesThatAreNotJsonOfTheTypeAreAnErrorNamingTheType() {
        assertThatThrownBy(() -> Payloads.fromJson("not json".getBytes(StandardCharsets.UTF_8), Message.class))
                .isInstanceOf(KatkaException.class)
                .hasMessageContaining(Message.class.getName());
    }
}
