using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Clipboard;

// Deletes expired clipboard entries and the chunks of their values (chunks carry their own TTL).
public sealed class ClipboardCleanupJob(TimeProvider clock, IExpiredDocumentPurger? purger = null)
    : ExpiredDocumentsCleanupJob(Containers.Clipboard, "clipboard document(s)", clock, purger);
