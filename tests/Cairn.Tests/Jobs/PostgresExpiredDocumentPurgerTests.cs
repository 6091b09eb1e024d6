using Cairn.Storage.Postgres;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Jobs;

public sealed class PostgresExpiredDocumentPurgerTests(AppFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeletesOnlyExpiredDocumentsOfItsContainerOneBoundedBatchAtATime()
    {
        var db = fixture.Database.ConnectionString;
        var container = $"purge_{Guid.NewGuid():N}";
        var neighbour = $"purge_{Guid.NewGuid():N}";
        for (var i = 0; i < 5; i++)
        {
            await ExpiredDocuments.InsertAsync(db, container, $"old-{i}", Now.AddMinutes(-i - 1));
            await ExpiredDocuments.InsertAsync(db, neighbour, $"old-{i}", Now.AddMinutes(-1));
        }
        await ExpiredDocuments.InsertAsync(db, container, "expires-now", Now);
        await ExpiredDocuments.InsertAsync(db, container, "expires-later", Now.AddTicks(10));
        await ExpiredDocuments.InsertAsync(db, container, "never-expires", null);
        await using var dataSource = NpgsqlDataSource.Create(db);
        var purger = new PostgresExpiredDocumentPurger(dataSource);

        var batches = new List<int>();
        for (var deleted = -1; deleted != 0;)
        {
            deleted = await purger.PurgeExpiredAsync(container, Now, 4, TestContext.Current.CancellationToken);
            batches.Add(deleted);
        }

        Assert.Equal([4, 2, 0], batches);
        Assert.Equal(2, await ExpiredDocuments.CountAsync(db, container));
        Assert.True(await ExpiredDocuments.ExistsAsync(db, container, "expires-later"));
        Assert.True(await ExpiredDocuments.ExistsAsync(db, container, "never-expires"));
        Assert.Equal(5, await ExpiredDocuments.CountAsync(db, neighbour));
    }
}
