using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Clipboard;

/// <summary>Deletes expired clipboard entries and the chunks of their values (chunks carry their own TTL).</summary>
public sealed class ClipboardCleanupJob(TimeProvider clock, IExpiredDocumentPurger? purger = null)
    : ExpiredDocumentsCleanupJob(Containers.Clipboard, "clipboard document(s)", clock, purger);
