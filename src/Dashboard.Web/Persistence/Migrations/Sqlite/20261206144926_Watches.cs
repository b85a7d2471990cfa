using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Watches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StatusPages",
                columns: table => new
                {
                    Group = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProtectedToken = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    ShowDetails = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusPages", x => x.Group);
                });

            migrationBuilder.CreateTable(
                name: "WatchHours",
                columns: table => new
                {
                    WatchId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Vantage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HourMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Runs = table.Column<int>(type: "INTEGER", nullable: false),
                    Passed = table.Column<int>(type: "INTEGER", nullable: false),
                    RttCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RttSumMs = table.Column<double>(type: "REAL", nullable: false),
                    RttMinMs = table.Column<double>(type: "REAL", nullable: true),
                    RttMaxMs = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchHours", x => new { x.WatchId, x.Vantage, x.HourMs });
                });

            migrationBuilder.CreateTable(
                name: "WatchIncidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WatchId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WatchName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Vantage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAtMs = table.Column<long>(type: "INTEGER", nullable: true),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Notified = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchIncidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WatchRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WatchId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Vantage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    RttMs = table.Column<double>(type: "REAL", nullable: true),
                    LagMs = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WatchStates",
                columns: table => new
                {
                    WatchId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Vantage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VantageName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SinceMs = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunAtMs = table.Column<long>(type: "INTEGER", nullable: true),
                    LastPassed = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    LastRttMs = table.Column<double>(type: "REAL", nullable: true),
                    Streak = table.Column<int>(type: "INTEGER", nullable: false),
                    StreakSinceMs = table.Column<long>(type: "INTEGER", nullable: true),
                    OpenIncidentId = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRemindedAtMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchStates", x => new { x.WatchId, x.Vantage });
                });

            migrationBuilder.CreateTable(
                name: "Watches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SpecJson = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Watches", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatusPages_TokenHash",
                table: "StatusPages",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WatchHours_HourMs",
                table: "WatchHours",
                column: "HourMs");

            migrationBuilder.CreateIndex(
                name: "IX_WatchIncidents_StartedAtMs",
                table: "WatchIncidents",
                column: "StartedAtMs");

            migrationBuilder.CreateIndex(
                name: "IX_WatchIncidents_WatchId_StartedAtMs",
                table: "WatchIncidents",
                columns: new[] { "WatchId", "StartedAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_WatchRuns_AtMs",
                table: "WatchRuns",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_WatchRuns_WatchId_AtMs",
                table: "WatchRuns",
                columns: new[] { "WatchId", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_Watches_Group",
                table: "Watches",
                column: "Group");

            migrationBuilder.CreateIndex(
                name: "IX_Watches_Name",
                table: "Watches",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Watches_OwnerId",
                table: "Watches",
                column: "OwnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StatusPages");

            migrationBuilder.DropTable(
                name: "WatchHours");

            migrationBuilder.DropTable(
                name: "WatchIncidents");

            migrationBuilder.DropTable(
                name: "WatchRuns");

            migrationBuilder.DropTable(
                name: "WatchStates");

            migrationBuilder.DropTable(
                name: "Watches");
        }
    }
}
