package dev.katka.examples.chat;

import java.time.Instant;

/**
 * A message said in a chat room: what travels through Katka, as JSON.
 *
 * @param room   the room; also the record's key, so a room's messages stay in order
 * @param author who said it
 * @param text   what was said
 * @param sentAt when
 */
public record ChatMessage(String room, String author, String text, Instant sentAt) {
}
