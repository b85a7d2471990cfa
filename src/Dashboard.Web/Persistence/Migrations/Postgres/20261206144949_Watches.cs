using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dashboard.Web.Persistence.Migrations.Postgres
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
                    Group = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ProtectedToken = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    ShowDetails = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusPages", x => x.Group);
                });

            migrationBuilder.CreateTable(
                name: "WatchHours",
                columns: table => new
                {
                    WatchId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Vantage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HourMs = table.Column<long>(type: "bigint", nullable: false),
                    Runs = table.Column<int>(type: "integer", nullable: false),
                    Passed = table.Column<int>(type: "integer", nullable: false),
                    RttCount = table.Column<int>(type: "integer", nullable: false),
                    RttSumMs = table.Column<double>(type: "double precision", nullable: false),
                    RttMinMs = table.Column<double>(type: "double precision", nullable: true),
                    RttMaxMs = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchHours", x => new { x.WatchId, x.Vantage, x.HourMs });
                });

            migrationBuilder.CreateTable(
                name: "WatchIncidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WatchId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    WatchName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Group = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Vantage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    EndedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    Cause = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Notified = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchIncidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WatchRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WatchId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Vantage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AtMs = table.Column<long>(type: "bigint", nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    RttMs = table.Column<double>(type: "double precision", nullable: true),
                    LagMs = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WatchStates",
                columns: table => new
                {
                    WatchId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Vantage = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    VantageName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SinceMs = table.Column<long>(type: "bigint", nullable: true),
                    LastRunAtMs = table.Column<long>(type: "bigint", nullable: true),
                    LastPassed = table.Column<bool>(type: "boolean", nullable: true),
                    LastReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    LastRttMs = table.Column<double>(type: "double precision", nullable: true),
                    Streak = table.Column<int>(type: "integer", nullable: false),
                    StreakSinceMs = table.Column<long>(type: "bigint", nullable: true),
                    OpenIncidentId = table.Column<long>(type: "bigint", nullable: true),
                    LastRemindedAtMs = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchStates", x => new { x.WatchId, x.Vantage });
                });

            migrationBuilder.CreateTable(
                name: "Watches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Group = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SpecJson = table.Column<string>(type: "character varying(16384)", maxLength: 16384, nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    Problem = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true)
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
