using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Inbox;

// Deletes inbox events past their retention (Cosmos DB expires them by TTL on its own).
public sealed class InboxCleanupJob(TimeProvider clock, IExpiredDocumentPurger? purger = null)
    : ExpiredDocumentsCleanupJob(Containers.Inbox, "inbox event(s)", clock, purger);
