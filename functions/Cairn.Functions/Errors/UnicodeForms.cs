using ICU4N.Text;

namespace Cairn.Errors;

// Unicode normalisation that works: the app runs with InvariantGlobalization, where string.Normalize and IsNormalized
// return the text unchanged for any input (so "café" typed as e + U+0301 and as U+00E9 were two different statements).
// ICU4N is a managed port of ICU with its own normalisation data, so the forms are the same on every host.
public static class UnicodeForms
{
    private static readonly Normalizer2 Nfc = Normalizer2.NFCInstance;
    private static readonly Normalizer2 Nfkc = Normalizer2.NFKCInstance;
    private static readonly Normalizer2 Nfd = Normalizer2.NFDInstance;

    // Canonical composition (NFC): the spelling equality, hashing and uniqueness compare. ASCII returns as it is.
    public static string ToNfc(string text) => IsAscii(text) || Nfc.IsNormalized(text) ? text : Nfc.Normalize(text);

    // Compatibility composition (NFKC): full-width and other look-alike forms folded too; for scanning, never storage.
    public static string ToNfkc(string text) => IsAscii(text) || Nfkc.IsNormalized(text) ? text : Nfkc.Normalize(text);

    // Canonical decomposition (NFD): accents as separate combining marks, for views that drop them.
    public static string ToNfd(string text) => IsAscii(text) || Nfd.IsNormalized(text) ? text : Nfd.Normalize(text);

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);
}
