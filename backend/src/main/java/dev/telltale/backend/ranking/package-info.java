/**
 * Statistics of human rankings of generated samples (issue 7): average rank with ties and its bootstrap
 * CI, Bradley–Terry strengths from the implied pairwise preferences, win rates, Kendall's W, rater agreement.
 */
package dev.telltale.backend.ranking;
