using System.ComponentModel.DataAnnotations;

namespace Cairn.Storage.Postgres;

public sealed class PostgresOptions
{
    public const string Section = "Cairn:Postgres";

    // Defaults to the embedded cluster that scripts/run starts on loopback.
    [Required]
    public string ConnectionString { get; set; } = "Host=127.0.0.1;Port=55432;Username=cairn;Database=cairn";
}
