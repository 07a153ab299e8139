// A task's conversation: the append-only message store and the reply derived from a session log.
export { ConversationStore, type ConversationStoreOptions, type LoadOptions, type MessagePatch, type NewMessage } from './conversationStore';
export { deriveReply, deriveReplyFromStream, type DerivedReply, type ReplyScope, type SessionSummary } from './replyFromLog';
