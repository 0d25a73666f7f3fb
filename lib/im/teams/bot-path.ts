/** The Teams bot's messaging endpoint on the connector (apart, so routes need not load the SDK). */
export const TEAMS_BOT_PATH = "/api/teams/messages";
