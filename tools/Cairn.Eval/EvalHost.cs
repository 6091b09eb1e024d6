using Cairn.Embeddings;
using Cairn.Search;
using Cairn.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cairn.Eval;

// The app's own storage, embedder and search port on one database, wired as the function app wires them.
internal static class EvalHost
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("CAIRN_EVAL_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=cairn;Database=cairn";

    public static async Task<IHost> StartAsync(string database, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings.Append(new("Cairn:Postgres:ConnectionString",
            new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCairnStorage();
        builder.Services.AddCairnEmbeddings(builder.Configuration);
        builder.Services.AddCairnSearch();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<bool> DatabaseExistsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select exists (select 1 from pg_database where datname = @name)", connection);
        command.Parameters.AddWithValue("name", database);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
