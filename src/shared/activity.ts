/** A crud, as the Cruddur API returns it. */
export interface Activity {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  /** ISO 8601 */
  created_at: string;
  /** ISO 8601 */
  expires_at: string;
  likes_count: number;
  replies_count: number;
  reposts_count: number;
  replies?: Activity[];
}

export interface Feed {
  activities: Activity[];
  /** True when the API answered with the signed-in user's personalised feed. */
  personalised: boolean;
}
