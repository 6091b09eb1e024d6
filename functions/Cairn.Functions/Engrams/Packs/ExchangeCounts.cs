using Cairn.Engrams.Schema;

namespace Cairn.Engrams.Packs;

/// <summary>
/// PLUR's exchange metadata as packs move engrams: importing one is an adoption, so the imported copy's
/// <c>exchange.adoption_count</c> is the pack's count plus one (the block is created with its defaults when missing).
/// The count travels on with the copy, so a pack exported again and imported by a third agent says 2.
/// </summary>
public static class ExchangeCounts
{
    public static void Adopted(Engram engram)
    {
        var exchange = Engram.Child(engram.Json, "exchange");
        EngramSchema.Engram.Find("exchange")!.Shape.ApplyDefaults(exchange);
        Engram.Increment(exchange, "adoption_count");
    }
}
